using ActorRec.Models.Data;

namespace ActorRec.Models.Checkpoints;

/// <summary>
/// Keeps the file names a manifest gives (weights, vocabulary) inside their checkpoint folder: a manifest is input,
/// and a name such as <c>../../secrets</c> or <c>/etc/passwd</c> would otherwise make the loader hash and read any
/// file the process can open.
/// </summary>
internal static class CheckpointFileNames
{
    /// <summary>Refused on every OS, so a manifest means the same on Linux and Windows (both separators, drive colons).</summary>
    private static readonly char[] Forbidden = ['/', '\\', ':', '\0'];

    /// <summary>Throws unless <paramref name="name"/> is a plain file name, naming <paramref name="field"/> of the manifest.</summary>
    public static void RequirePlain(string manifestPath, string field, string? name)
    {
        if (Problem(name) is { } problem)
        {
            throw new DataFileException(manifestPath, null, $"{field} '{Printable(name)}' {problem}.");
        }
    }

    /// <summary>
    /// The full path of <paramref name="name"/> in <paramref name="directory"/>, refusing a link that resolves outside
    /// the folder: a plain name is not enough when the file itself is a symbolic link to <c>/etc/shadow</c>.
    /// </summary>
    public static string Resolve(string directory, string manifestPath, string field, string name)
    {
        RequirePlain(manifestPath, field, name);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var path = Path.Combine(folder, name);
        var target = File.Exists(path) ? File.ResolveLinkTarget(path, returnFinalTarget: true) : null;
        if (target is not null)
        {
            var realTarget = Path.GetFullPath(target.FullName);
            if (!realTarget.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new DataFileException(manifestPath, null, $"{field} '{name}' is a link to '{realTarget}', outside the checkpoint folder.");
            }
        }

        return path;
    }

    private static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "is empty"
        : name is "." or ".." ? "is not a file name"
        : Path.IsPathRooted(name) ? "is an absolute path"
        : name.IndexOfAny(Forbidden) >= 0 ? "leaves the checkpoint folder or names a path, not a file in it"
        : name.Any(char.IsControl) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ? "holds characters a file name cannot have"
        : null;

    /// <summary>The name as it can be shown: control characters (NUL among them) written as \uXXXX.</summary>
    private static string Printable(string? name) =>
        name is null ? string.Empty : string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
