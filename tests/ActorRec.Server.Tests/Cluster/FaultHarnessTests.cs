extern alias cli;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using cli::ActorRec.Cli.Faults;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>
/// The short version of `actorrec faults` (docs/faults.md): Redis and two silos as real processes, real sessions
/// replayed through the client for a few seconds, Redis killed and restarted, then a silo; every acknowledged click must
/// be in the state and the click log once and in order, and every session must end where a fault-free replay ends.
/// </summary>
/// <remarks>Joins the server collection for its model store, which holds two versions; the harness copies it and starts its own processes.</remarks>
[Collection(ServerCollection.Name)]
public sealed class FaultHarnessTests(ServerFixture fixture)
{
    [Fact(Timeout = 300_000)]
    public async Task Under_a_Redis_kill_and_a_silo_kill_no_acknowledged_click_is_lost_applied_twice_or_reordered()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var options = new FaultOptions
        {
            ServerPath = Path.Combine(AppContext.BaseDirectory, "ActorRec.Server.dll"),
            ModelsPath = fixture.StoreDirectory,
            Data = SharedData.RequireDataSet("yoochoose-100k"),
            Silos = 2,
            Rate = 100,
            DurationSeconds = 8,
            Sessions = 16,

            // Redis at 2 s, the first silo at 4 s (the only multiple of 4 within 8 s); no stall, no model swap.
            RedisKillAtSeconds = 2,
            SiloKillEverySeconds = 4,
            RedisStallAtSeconds = -1,
            ActivateAtSeconds = -1,
        };
        var output = TestContext.Current.TestOutputHelper;

        var report = await new FaultHarness(options, line => output?.WriteLine(line)).RunAsync(ct);

        foreach (var line in FaultReportWriter.Lines(report))
        {
            output?.WriteLine(line);
        }

        output?.WriteLine(report.SummaryLine);
        Assert.Equal(["redis kill", "silo kill"], report.Faults.Select(f => f.Kind));
        Assert.True(report.Acknowledged > 0, "no click was acknowledged: the run tested nothing");
        Assert.True(report.Clean, $"{report.SummaryLine}\n{string.Join("\n", report.Examples)}");
    }
}
