using ActorRec.Abstractions;
using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ActorRec.Api;

/// <summary>Checks client input before it reaches a grain; every rejection names the offending field.</summary>
internal sealed class ClickValidator(IOptions<ServingOptions> options)
{
    private static readonly HashSet<string> KnownEventTypes = new(StringComparer.Ordinal) { "click", "view", "cart", "purchase" };

    public ClickCommand ToCommand(ClickEvent click)
    {
        ValidateSessionId(click.SessionId);
        if (click.Seq <= 0)
        {
            throw Invalid("seq", $"must be a positive sequence number (got {click.Seq}; 0 means missing)");
        }

        ValidateId("item_id", click.ItemId);
        var eventType = string.IsNullOrEmpty(click.EventType) ? "click" : click.EventType;
        if (!KnownEventTypes.Contains(eventType))
        {
            // Echoed only when short and printable: the message reaches logs, and a client's bytes must not forge lines there.
            var shown = eventType.Length <= 32 && eventType.All(c => c is >= ' ' and <= '~') ? $"'{eventType}'" : $"a value of {eventType.Length} characters";
            throw Invalid("event_type", $"{shown} is not one of {string.Join(", ", KnownEventTypes)}");
        }

        return new ClickCommand(click.Seq, click.ItemId, eventType, ToUnixMilliseconds(click.Timestamp), ResolveK(click.K), click.ExcludeSeen);
    }

    /// <summary>A count of items to return (k, or a page's limit): 0 is the default, else 1..MaxK.</summary>
    public int ResolveK(int k, string field = "k")
    {
        if (k == 0)
        {
            return options.Value.DefaultK;
        }

        if (k < 1 || k > options.Value.MaxK)
        {
            throw Invalid(field, $"must be between 1 and {options.Value.MaxK} (got {k}; 0 means the default {options.Value.DefaultK})");
        }

        return k;
    }

    public void ValidateSessionId(string sessionId) => ValidateId("session_id", sessionId);

    /// <summary>Text to search item ids for: empty is allowed (everything matches), else the rules of an id.</summary>
    public void ValidateSearchText(string field, string text)
    {
        if (text.Length > 0)
        {
            ValidateId(field, text);
        }
    }

    /// <summary>
    /// Ids name grains, log lines and click-log records: a control character (U+001F separates a tenant from a session
    /// in <see cref="SessionKey"/>) could forge another tenant's key or split a record, and a lone surrogate is not
    /// text at all (UTF-8 encoders replace it, so two different ids would be stored as one).
    /// </summary>
    private void ValidateId(string field, string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw Invalid(field, "is required");
        }

        if (id.Length > options.Value.MaxIdLength)
        {
            throw Invalid(field, $"is longer than {options.Value.MaxIdLength} characters");
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (char.IsControl(id[i]))
            {
                throw Invalid(field, $"must not contain control characters (U+{(int)id[i]:X4} at position {i})");
            }

            if (char.IsSurrogate(id[i]))
            {
                if (!char.IsSurrogatePair(id, i))
                {
                    throw Invalid(field, $"must not contain an unpaired surrogate (U+{(int)id[i]:X4} at position {i})");
                }

                i++;
            }
        }
    }

    /// <summary>
    /// The click's time, or now when unset. A timestamp must be a valid protobuf Timestamp (seconds within years
    /// 1..9999, nanos within a second), not before the Unix epoch, since the history stores Unix milliseconds, and
    /// not later than now plus <see cref="ServingOptions.MaxClockSkew"/>.
    /// </summary>
    private long ToUnixMilliseconds(Timestamp? timestamp)
    {
        var now = DateTimeOffset.UtcNow;
        if (timestamp is null)
        {
            return now.ToUnixTimeMilliseconds();
        }

        if (timestamp.Nanos is < 0 or > 999_999_999)
        {
            throw Invalid("timestamp", $"nanos must be within 0..999999999 (got {timestamp.Nanos})");
        }

        if (timestamp.Seconds < 0)
        {
            throw Invalid("timestamp", $"must not be before the Unix epoch (got {timestamp.Seconds} s)");
        }

        var latest = now + options.Value.MaxClockSkew;
        if (timestamp.Seconds > latest.ToUnixTimeSeconds())
        {
            throw Invalid("timestamp", $"must not be later than the server's clock plus {options.Value.MaxClockSkew} (got {timestamp.Seconds} s, now {now.ToUnixTimeSeconds()} s)");
        }

        return (timestamp.Seconds * 1000) + (timestamp.Nanos / 1_000_000);
    }

    private static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field} {message}"));
}
