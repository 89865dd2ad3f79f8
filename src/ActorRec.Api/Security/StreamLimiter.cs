using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// Counts open Recommender streams per connection and per principal, refusing one over either limit with
/// RESOURCE_EXHAUSTED: each open stream holds buffers and a reader task, so an unbounded number is a memory attack.
/// </summary>
internal sealed class StreamLimiter(IOptions<ClientLimitsOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts a stream in until the returned handle is disposed; throws when a limit is reached.</summary>
    public IDisposable Enter(HttpContext context)
    {
        var limits = options.Value;
        var connection = $"connection:{context.Connection.Id}";
        var principal = $"principal:{ApiClaims.PrincipalOf(context.User)}";
        if (!TryIncrement(connection, limits.MaxStreamsPerConnection))
        {
            throw Refused($"this connection already has {limits.MaxStreamsPerConnection} open streams ({ClientLimitsOptions.SectionName}:{nameof(ClientLimitsOptions.MaxStreamsPerConnection)}): send more sessions through one stream or open another connection");
        }

        if (!TryIncrement(principal, limits.MaxStreamsPerPrincipal))
        {
            Decrement(connection);
            throw Refused($"{ApiClaims.PrincipalOf(context.User)} already has {limits.MaxStreamsPerPrincipal} open streams ({ClientLimitsOptions.SectionName}:{nameof(ClientLimitsOptions.MaxStreamsPerPrincipal)}): send more sessions through each stream");
        }

        return new Handle(this, connection, principal);
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

    private static RpcException Refused(string message) => new(new Status(StatusCode.ResourceExhausted, message));

    private sealed class Handle(StreamLimiter owner, string connection, string principal) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Decrement(connection);
                owner.Decrement(principal);
            }
        }
    }
}
