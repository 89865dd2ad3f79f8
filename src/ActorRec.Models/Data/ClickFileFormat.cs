namespace ActorRec.Models.Data;

/// <summary>The formats of a click log given as one file (see <see cref="ClickFiles"/>); the text formats may be gzip-compressed.</summary>
public enum ClickFileFormat
{
    /// <summary>Comma-separated with a header row (';' when the header has ';' and no ','); RFC 4180 quoting.</summary>
    Csv,

    /// <summary>Tab-separated with a header row.</summary>
    Tsv,

    /// <summary>One JSON object per line, one event per object, its properties the columns.</summary>
    Jsonl,

    /// <summary>Apache Parquet; the columns are the schema's top-level fields.</summary>
    Parquet,
}
