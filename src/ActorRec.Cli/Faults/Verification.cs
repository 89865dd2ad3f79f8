namespace ActorRec.Cli.Faults;

/// <summary>What the checks from outside found, counted in clicks (state mismatches in sessions), with examples.</summary>
internal sealed class Verification
{
    /// <summary>Problems kept as examples; the counts hold them all.</summary>
    private const int ExampleLimit = 20;

    public int Lost { get; set; }

    public int AppliedTwice { get; set; }

    public int OutOfOrder { get; set; }

    public int StateMismatches { get; set; }

    public int SessionsChecked { get; set; }

    public int LogEntries { get; set; }

    /// <summary>Log entries repeating a (session, seq) already logged: an append that timed out but landed, then its retry.</summary>
    public int LogRepeats { get; set; }

    /// <summary>Log entries past the session's applied seq: appended, then the state write failed and the click was never retried.</summary>
    public int LoggedNotApplied { get; set; }

    public List<string> Examples { get; } = [];

    public void Note(string problem)
    {
        if (Examples.Count < ExampleLimit)
        {
            Examples.Add(problem);
        }
    }
}
