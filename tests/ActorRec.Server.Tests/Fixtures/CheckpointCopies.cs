namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Copies of the fixture's checkpoints, for a server of a test's own that may change its model store.</summary>
internal static class CheckpointCopies
{
    /// <summary>Copies every checkpoint folder (one with a manifest) of <paramref name="store"/> into <paramref name="into"/>.</summary>
    public static void CopyAll(string store, string into)
    {
        foreach (var checkpoint in Directory.EnumerateDirectories(store).Where(d => File.Exists(Path.Combine(d, "manifest.json"))))
        {
            CopyFolder(checkpoint, Path.Combine(into, Path.GetFileName(checkpoint)));
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
