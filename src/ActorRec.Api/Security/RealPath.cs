namespace ActorRec.Api.Security;

/// <summary>A path with every symbolic link in it resolved, folders included (as realpath(3) does).</summary>
internal static class RealPath
{
    /// <summary>More links than this in one path is a loop.</summary>
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        var current = Path.GetFullPath(path);
        for (var links = 0; links < MaxLinks; links++)
        {
            if (FirstLink(current) is not { } resolved)
            {
                return current;
            }

            current = resolved;
        }

        throw new IOException($"'{path}' leads through more than {MaxLinks} symbolic links");
    }

    /// <summary>The path with its first link (from the root) replaced by the link's target, or null when it has none.</summary>
    private static string? FirstLink(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var prefix = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(prefix, parts[i]);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(Path.Combine(prefix, target));
                return Path.Combine([resolved, .. parts[(i + 1)..]]);
            }

            prefix = next;
        }

        return null;
    }
}
