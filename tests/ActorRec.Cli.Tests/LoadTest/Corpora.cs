using ActorRec.Cli.LoadTest;
using ActorRec.Models.Data;

namespace ActorRec.Cli.Tests.LoadTest;

/// <summary>Small hand-made logs for the load test's data side.</summary>
internal static class Corpora
{
    /// <summary>A log of the given sessions, events one second apart in the order given, items named "{session}.{position}".</summary>
    public static ClickLog Log(params (string Session, int Length)[] sessions)
    {
        var records = new List<ClickRecord>();
        var time = 0.0;
        foreach (var (session, length) in sessions)
        {
            for (var i = 0; i < length; i++)
            {
                records.Add(new ClickRecord(session, $"{session}.{i}", time++, EventTypes.Click, records.Count + 1));
            }
        }

        return new ClickLog("test", records, [], hasTimestamps: true);
    }

    public static ReplayCorpus Corpus(params (string Session, int Length)[] sessions) => ReplayCorpus.FromLog(Log(sessions));
}
