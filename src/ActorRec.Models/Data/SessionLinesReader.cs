using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>
/// Reads order-only session lists: one session per line, item ids separated by whitespace (the SR-GNN
/// *_sessions.txt files). The session id is the line number and the timestamp a running event counter,
/// so both the order of sessions and the order within them survive sorting by time.
/// </summary>
public static class SessionLinesReader
{
    public static ClickLog Read(string path)
    {
        using var reader = SourceFiles.OpenText(path);
        return Read(reader, path);
    }

    public static ClickLog Read(TextReader reader, string source)
    {
        var records = new List<ClickRecord>();
        var items = new StringPool();
        long lineNumber = 0;
        long position = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            string? sessionId = null;
            var rest = line.AsSpan();
            while (true)
            {
                rest = rest.TrimStart();
                if (rest.IsEmpty)
                {
                    break;
                }

                var end = rest.IndexOfAny(' ', '\t');
                var token = end < 0 ? rest : rest[..end];
                sessionId ??= lineNumber.ToString(CultureInfo.InvariantCulture);
                records.Add(new ClickRecord(sessionId, items.Get(token), position++, EventTypes.Click, lineNumber));
                rest = end < 0 ? [] : rest[end..];
            }
        }

        return new ClickLog(source, records, [], hasTimestamps: false);
    }
}
