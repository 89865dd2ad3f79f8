using ActorRec.Abstractions;
using ActorRec.Contracts.V1;
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

        if (string.IsNullOrWhiteSpace(click.ItemId))
        {
            throw Invalid("item_id", "is required");
        }

        if (click.ItemId.Length > options.Value.MaxIdLength)
        {
            throw Invalid("item_id", $"is longer than {options.Value.MaxIdLength} characters");
        }

        var eventType = string.IsNullOrEmpty(click.EventType) ? "click" : click.EventType;
        if (!KnownEventTypes.Contains(eventType))
        {
            throw Invalid("event_type", $"'{eventType}' is not one of {string.Join(", ", KnownEventTypes)}");
        }

        var timestamp = click.Timestamp is null ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : click.Timestamp.ToDateTimeOffset().ToUnixTimeMilliseconds();
        return new ClickCommand(click.Seq, click.ItemId, eventType, timestamp, ResolveK(click.K), click.ExcludeSeen);
    }

    public int ResolveK(int k)
    {
        if (k == 0)
        {
            return options.Value.DefaultK;
        }

        if (k < 1 || k > options.Value.MaxK)
        {
            throw Invalid("k", $"must be between 1 and {options.Value.MaxK} (got {k}; 0 means the default {options.Value.DefaultK})");
        }

        return k;
    }

    public void ValidateSessionId(string sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw Invalid("session_id", "is required");
        }

        if (sessionId.Length > options.Value.MaxIdLength)
        {
            throw Invalid("session_id", $"is longer than {options.Value.MaxIdLength} characters");
        }
    }

    private static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field} {message}"));
}
