using System.Globalization;

namespace ActorRec.Cli.Faults;

/// <summary>The outcome of a fault run: the counts that must be zero, the client's errors, recovery per fault and per-window latency.</summary>
internal sealed record FaultReport
{
    public required int Acknowledged { get; init; }

    public required int Lost { get; init; }

    public required int AppliedTwice { get; init; }

    public required int OutOfOrder { get; init; }

    public required int StateMismatches { get; init; }

    public required int Unrecovered { get; init; }

    /// <summary>Failed attempts seen by the client, retried ones included, by gRPC status.</summary>
    public required SortedDictionary<string, int> Errors { get; init; }

    public required double? RecoveryP50Seconds { get; init; }

    public required double? RecoveryMaxSeconds { get; init; }

    public required int Sessions { get; init; }

    /// <summary>Sessions that gave up (click timeout) and were resumed where the server stood.</summary>
    public required int Resumes { get; init; }

    /// <summary>Clicks applied but never answered, learned at a resume.</summary>
    public required int AppliedUnanswered { get; init; }

    /// <summary>Clicks the schedule called for while every session had its window full.</summary>
    public required long NotSent { get; init; }

    public required int LogEntries { get; init; }

    public required int LogRepeats { get; init; }

    public required int LoggedNotApplied { get; init; }

    public required string Setup { get; init; }

    public required IReadOnlyList<FaultSummary> Faults { get; init; }

    public required IReadOnlyList<WindowSummary> Windows { get; init; }

    public required IReadOnlyList<string> Examples { get; init; }

    /// <summary>Whether every count that must be zero is.</summary>
    public bool Clean => Lost == 0 && AppliedTwice == 0 && OutOfOrder == 0 && StateMismatches == 0 && Unrecovered == 0;

    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"acknowledged {Acknowledged}, lost {Lost}, applied twice {AppliedTwice}, out of order {OutOfOrder}, state mismatches {StateMismatches}, " +
        $"unrecovered {Unrecovered}, errors {{{string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"))}}}, " +
        $"recovery p50 {Seconds(RecoveryP50Seconds)} s max {Seconds(RecoveryMaxSeconds)} s");

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
