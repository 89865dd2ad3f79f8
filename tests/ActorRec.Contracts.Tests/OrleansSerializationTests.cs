using System.Reflection;
using System.Text;
using ActorRec.Abstractions;
using Xunit;

namespace ActorRec.Contracts.Tests;

public sealed class OrleansSerializationTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
{
    private static readonly Assembly AbstractionsAssembly = typeof(ISessionGrain).Assembly;

    [Fact]
    public void ClickCommand_round_trips()
    {
        var click = new ClickCommand(Seq: 42, ItemId: "item-7", EventType: "cart", TimestampUnixMs: 1_700_000_000_123, K: 20, ExcludeSeen: true);

        var copy = fixture.RoundTrip(click);

        Assert.Equal(click, copy);
    }

    [Fact]
    public void SessionState_round_trips_with_its_last_response()
    {
        var state = new SessionState
        {
            ModelVersion = "v2",
            Hidden = [0.5f, -1.25f, 3e-8f],
            History = ["a", "b", "a"],
            LastSeq = 9,
            LastResponse = new SessionRecommendation("s-1", 9, [new ScoredItem("c", 2.5f), new ScoredItem("d", -0.5f)], "v2",
                UnknownItem: true, Replayed: true, Duplicate: false, BatchSize: 17),
            UpdatedAtUnixMs = 1_700_000_000_999,
        };

        var copy = fixture.RoundTrip(state);

        Assert.Equal("v2", copy.ModelVersion);
        Assert.Equal(state.Hidden, copy.Hidden);
        Assert.Equal(state.History, copy.History);
        Assert.Equal(9, copy.LastSeq);
        Assert.Equal(1_700_000_000_999, copy.UpdatedAtUnixMs);
        var response = Assert.IsType<SessionRecommendation>(copy.LastResponse);
        Assert.Equal(state.LastResponse.Items, response.Items);
        Assert.Equal(state.LastResponse with { Items = response.Items }, response);
    }

    [Fact]
    public void Fresh_SessionState_round_trips_empty()
    {
        var copy = fixture.RoundTrip(new SessionState());

        Assert.Equal("", copy.ModelVersion);
        Assert.Empty(copy.Hidden);
        Assert.Empty(copy.History);
        Assert.Null(copy.LastResponse);
    }

    [Fact]
    public void ModelVersionInfo_round_trips_with_metrics()
    {
        var info = new ModelVersionInfo("v3", "gru4rec", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), 1234, Active: true,
            new Dictionary<string, double> { ["recall@20"] = 0.61, ["mrr@20"] = 0.27 }, """{"versionId":"v3"}""");

        var copy = fixture.RoundTrip(info);

        Assert.Equal(info.Metrics, copy.Metrics);
        Assert.Equal(info with { Metrics = copy.Metrics }, copy);
    }

    [Fact]
    public void Stored_state_names_its_types_by_alias_not_by_clr_name()
    {
        // A value typed as object carries its type name on the wire, as grain state does behind the storage serializer.
        object state = new SessionState { LastResponse = new SessionRecommendation("s", 1, [], "v", false, false, false, 1) };

        var text = Encoding.UTF8.GetString(fixture.Serializer.SerializeToArray(state));

        Assert.Contains("actorrec.SessionState", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ActorRec.Abstractions", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_serialized_type_and_grain_interface_has_a_stable_actorrec_alias()
    {
        var contracts = AbstractionsAssembly.GetExportedTypes()
            .Where(t => t.IsInterface || t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .ToArray();

        Assert.NotEmpty(contracts);
        Assert.All(contracts, t => Assert.Equal($"actorrec.{t.Name}", t.GetCustomAttribute<AliasAttribute>()?.Alias));
    }
}
