using System.CommandLine;
using ActorRec.Models.Data;

namespace ActorRec.Cli.Commands;

/// <summary>
/// The options that go with --data for a click log file (format, columns, time format) and for splitting a log that
/// has no test log (by time or by sessions). A command adds them with <see cref="AddTo"/>.
/// </summary>
internal sealed class DataFileOptions
{
    private readonly Option<string?> _format = new("--format")
    {
        Description = "Format of a --data file when its extension does not say: csv, tsv, jsonl or parquet.",
    };

    private readonly Option<string?> _columns = new("--columns")
    {
        Description = "Columns of a --data file, e.g. session=SessionId,item=ItemId,time=Timestamp,type=EventType,category=Category; " +
            "roles left out are found by common names (session_id, sessionId, item_id, timestamp, ts, ...).",
    };

    private readonly Option<string?> _timeFormat = new("--time-format")
    {
        Description = "Times in a --data file: unix-seconds, unix-ms, iso (ISO 8601) or auto (default: told from the first value).",
    };

    private readonly Option<string> _split = new Option<string>("--split")
    {
        Description = "How data without a test file is split: time (sessions ending in the last --test-days) or sessions (a random --test-fraction of them).",
        DefaultValueFactory = _ => "time",
    }.AcceptOnlyFromAmong("time", "sessions");

    private readonly Option<double> _testFraction = new("--test-fraction")
    {
        Description = "With --split sessions: the fraction of sessions drawn as the test set.",
        DefaultValueFactory = _ => new PreprocessOptions().TestFraction,
    };

    private readonly Option<int> _splitSeed = new("--split-seed")
    {
        Description = "With --split sessions: the seed of the draw (the same seed and data give the same split).",
        DefaultValueFactory = _ => new PreprocessOptions().SplitSeed,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _format, _columns, _timeFormat, _split, _testFraction, _splitSeed })
        {
            command.Add(option);
        }
    }

    /// <summary>The file options given on the command line; null when none was.</summary>
    public ClickFileOptions? File(ParseResult parse)
    {
        var format = parse.GetValue(_format);
        var columns = parse.GetValue(_columns);
        var timeFormat = parse.GetValue(_timeFormat);
        return format is null && columns is null && timeFormat is null ? null : new ClickFileOptions
        {
            Format = format is null ? null : DataSource.ParseFormat(format, "--format"),
            Columns = columns is null ? new ClickColumnMapping() : ClickColumnMapping.Parse(columns),
            TimeFormat = timeFormat is null ? null : DataSource.ParseTimeFormat(timeFormat, "--time-format"),
        };
    }

    /// <summary>Resolves --data (or a recorded spec) with the file options given.</summary>
    public DataSource Resolve(ParseResult parse, string spec) => DataSource.Resolve(spec, File(parse));

    /// <summary>Sets the split options on <paramref name="preprocess"/> and returns it.</summary>
    public PreprocessOptions Split(ParseResult parse, PreprocessOptions preprocess)
    {
        preprocess.Split = parse.GetValue(_split) == "sessions" ? TestSplitMethod.Sessions : TestSplitMethod.Time;
        preprocess.TestFraction = parse.GetValue(_testFraction);
        preprocess.SplitSeed = parse.GetValue(_splitSeed);
        return preprocess;
    }
}
