using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Runs a property over generated cases with FsCheck from a fixed seed, so that a failure replays: the seed is printed
/// with the failure, and ACTORREC_FUZZ_SEED runs another one. Cases are not shrunk: each costs server round trips.
/// </summary>
internal static class FuzzRun
{
    public const string SeedVariable = "ACTORREC_FUZZ_SEED";

    /// <summary>FsCheck's replay needs an odd gamma with the seed; any fixed one will do.</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    public static void Check<T>(Gen<T> cases, int count, ulong defaultSeed, Func<T, Task> property)
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text ? ulong.Parse(text, CultureInfo.InvariantCulture) : defaultSeed;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} ({SeedVariable}), {count} cases");
        var config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true).WithReplay(seed, Gamma);
        try
        {
            Prop.ForAll(Arb.From(cases), property).Check(config);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The property failed with seed {seed}; replay it with {SeedVariable}={seed}.{Environment.NewLine}{e.Message}", e);
        }
    }
}
