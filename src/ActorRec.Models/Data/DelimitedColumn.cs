namespace ActorRec.Models.Data;

/// <summary>A column of a delimited file, chosen by header name (case-insensitive) or by 0-based index.</summary>
public readonly record struct DelimitedColumn
{
    private DelimitedColumn(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The header name, or null when the column is chosen by index.</summary>
    public string? Name { get; }

    /// <summary>The 0-based index; meaningful only when <see cref="Name"/> is null.</summary>
    public int Index { get; }

    public static DelimitedColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, -1);
    }

    public static DelimitedColumn At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(null, index);
    }

    public static implicit operator DelimitedColumn(string name) => Named(name);

    public static implicit operator DelimitedColumn(int index) => At(index);

    public override string ToString() => Name ?? $"#{Index + 1}";
}
