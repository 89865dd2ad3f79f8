namespace ActorRec.Models.Data;

/// <summary>How to read a click log file: its format, which columns hold what, and how its times are written.</summary>
public sealed record ClickFileOptions
{
    /// <summary>The format; null takes it from the extension (.csv, .tsv, .jsonl, .parquet, each text one optionally .gz).</summary>
    public ClickFileFormat? Format { get; init; }

    public ClickColumnMapping Columns { get; init; } = new();

    /// <summary>How times are written; null detects it from the first time value: numbers from 1e11 up are milliseconds, smaller ones seconds, other text ISO 8601.</summary>
    public TimestampFormat? TimeFormat { get; init; }

}
