namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The lock file a file log holds in its folder for its lifetime, so that a second writer fails at start instead of
/// interleaving records with the first.
/// </summary>
internal sealed class ClickLogFolderLock : IDisposable
{
    private const string FileName = "writer.lock";

    private readonly FileStream _file;

    private ClickLogFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="directory"/>; throws when another process holds it.</summary>
    public static ClickLogFolderLock Acquire(string directory)
    {
        try
        {
            return new ClickLogFolderLock(new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Another process writes the click log in '{directory}'; each silo needs a folder of its own.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
