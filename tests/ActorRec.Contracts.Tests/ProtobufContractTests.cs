using ActorRec.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace ActorRec.Contracts.Tests;

public sealed class ProtobufContractTests
{
    [Fact]
    public void ClickEvent_round_trips_through_the_wire_format()
    {
        var click = new ClickEvent
        {
            SessionId = "s-1",
            Seq = 3,
            ItemId = "item-9",
            EventType = "purchase",
            Timestamp = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            K = 50,
            ExcludeSeen = true,
        };

        var copy = ClickEvent.Parser.ParseFrom(click.ToByteArray());

        Assert.Equal(click, copy);
        Assert.Equal(3, copy.Seq);
        Assert.Equal("purchase", copy.EventType);
    }

    [Fact]
    public void Unset_ClickEvent_fields_read_as_missing()
    {
        var copy = ClickEvent.Parser.ParseFrom(new ClickEvent { SessionId = "s" }.ToByteArray());

        Assert.Equal(0, copy.Seq);
        Assert.Equal(0, copy.K);
        Assert.Null(copy.Timestamp);
        Assert.Equal("", copy.EventType);
    }

    [Fact]
    public void Recommendation_round_trips_with_items_and_latency()
    {
        var recommendation = new Recommendation
        {
            SessionId = "s-1",
            Seq = 3,
            ModelVersion = "v1",
            Replayed = true,
            BatchSize = 8,
            ServerLatency = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1.5)),
            Items = { new ScoredItem { ItemId = "a", Score = 1.5f }, new ScoredItem { ItemId = "b", Score = -2f } },
        };

        var copy = Recommendation.Parser.ParseFrom(recommendation.ToByteArray());

        Assert.Equal(recommendation, copy);
    }

    [Fact]
    public void Both_client_and_server_stubs_are_generated()
    {
        Assert.True(typeof(Recommender.RecommenderBase).IsAbstract);
        Assert.True(typeof(Grpc.Core.ClientBase).IsAssignableFrom(typeof(Recommender.RecommenderClient)));
        Assert.True(typeof(ModelAdmin.ModelAdminBase).IsAbstract);
        Assert.True(typeof(Grpc.Core.ClientBase).IsAssignableFrom(typeof(ModelAdmin.ModelAdminClient)));
    }
}
