namespace ActorRec.Models.Data;

/// <summary>
/// A data, vocabulary, manifest or weights file that cannot be read, with the file and, for text files, the 1-based
/// line: its message reads <c>file:line: what is wrong</c>, ready to show a user in place of a stack trace.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so that callers which already
/// survive unreadable files, such as the model store skipping a damaged checkpoint, survive this one too.
/// </remarks>
public sealed class DataFileException : IOException
{
    public DataFileException(string filePath, long? line, string reason, Exception? innerException = null)
        : base(line is null ? $"{filePath}: {reason}" : $"{filePath}:{line}: {reason}", innerException)
    {
        FilePath = filePath;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file (or, for a data set with no known layout, the folder) that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of a text file where reading failed; null for binary files and whole-file faults.</summary>
    public long? Line { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
