using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// Counts open Recommender streams per principal, refusing one over the limit with RESOURCE_EXHAUSTED: each open stream
/// holds buffers and a reader task, so an unbounded number is a memory attack. Streams per connection are HTTP/2's own
/// limit (SETTINGS_MAX_CONCURRENT_STREAMS, set from <see cref="ClientLimitsOptions.MaxStreamsPerConnection"/>): a client
/// then opens another connection or waits, and one that ignores the setting has its streams reset by Kestrel.
/// </summary>
internal sealed class StreamLimiter(IOptions<ClientLimitsOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts a stream in until the returned handle is disposed; throws when the limit is reached.</summary>
    public IDisposable Enter(HttpContext context)
    {
        var limit = options.Value.MaxStreamsPerPrincipal;
        var principal = ApiClaims.PrincipalOf(context.User);
        if (!TryIncrement(principal, limit))
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"{principal} already has {limit} open streams ({ClientLimitsOptions.SectionName}:{nameof(ClientLimitsOptions.MaxStreamsPerPrincipal)}): send more sessions through each stream"));
        }

        return new Handle(this, principal);
    }

    private bool TryIncrement(string key, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(key, 0);
            if (current >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(key, current + 1, current))
            {
                return true;
            }
        }
    }

    private void Decrement(string key)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(key);
            if (current <= 1)
            {
                // Removed at zero so that closed connections do not pile up; a racing increment re-adds it.
                if (_open.TryRemove(new KeyValuePair<string, int>(key, current)) || !_open.ContainsKey(key))
                {
                    return;
                }

                continue;
            }

            if (_open.TryUpdate(key, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Handle(StreamLimiter owner, string principal) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Decrement(principal);
            }
        }
    }
}
