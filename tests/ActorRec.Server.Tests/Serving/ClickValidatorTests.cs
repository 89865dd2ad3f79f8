using ActorRec.Api;
using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// What the validator refuses that a gRPC client cannot even send: its UTF-8 encoder replaces a lone surrogate, so this
/// defence (for ids that reach the API another way, or a future encoder) is tested on the validator itself.
/// </summary>
public sealed class ClickValidatorTests
{
    private static readonly ClickValidator Validator = new(Options.Create(new ServingOptions()));

    // Given as code units: an attribute's string argument cannot hold a lone surrogate (metadata is UTF-8).
    [Theory]
    [InlineData(0xD800, "session_id")]
    [InlineData(0xDC00, "session_id")]
    [InlineData(0xD83D, "item_id")]
    public void An_id_with_a_lone_surrogate_is_refused_naming_the_field(int codeUnit, string field)
    {
        var id = $"id-{(char)codeUnit}";
        var click = new ClickEvent { SessionId = field == "session_id" ? id : "session", Seq = 1, ItemId = field == "item_id" ? id : "item" };

        var error = Assert.Throws<RpcException>(() => Validator.ToCommand(click));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + " must not contain an unpaired surrogate", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Surrogate_pairs_and_a_timestamp_within_the_skew_are_accepted()
    {
        var now = DateTimeOffset.UtcNow;
        var click = new ClickEvent { SessionId = "session-😀", Seq = 1, ItemId = "item-𝄞", Timestamp = Timestamp.FromDateTimeOffset(now.AddHours(23)) };

        var command = Validator.ToCommand(click);

        Assert.Equal(now.AddHours(23).ToUnixTimeMilliseconds(), command.TimestampUnixMs);
    }
}
