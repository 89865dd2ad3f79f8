using System.Runtime.CompilerServices;
using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Testing;

/// <summary>Locates a data set of the shared data folder, skipping the calling test when it is absent.</summary>
public static class SharedData
{
    /// <summary>The data set's folder, or null when it is not on this machine.</summary>
    public static string? FindDataSet(string name) =>
        (DataSets.FindSharedDataFolder() ?? FindFromSourceTree()) is { } root && Directory.Exists(Path.Combine(root, name))
            ? Path.Combine(root, name)
            : null;

    public static string RequireDataSet(string name)
    {
        var root = DataSets.FindSharedDataFolder() ?? FindFromSourceTree();
        if (root is null)
        {
            Assert.Skip($"Shared data folder not found: set {DataSets.DataFolderVariable} or place shared/data beside the repository.");
        }

        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder))
        {
            Assert.Skip($"Data set '{name}' not found under {root}.");
        }

        return folder;
    }

    /// <summary>
    /// Builds with an ArtifactsPath outside the repository run the tests from there, where walking up finds
    /// nothing; the source file's own location still leads to the repository's sibling shared/data.
    /// </summary>
    private static string? FindFromSourceTree([CallerFilePath] string sourceFile = "") =>
        Path.IsPathFullyQualified(sourceFile) && Path.GetDirectoryName(sourceFile) is { } directory
            ? DataSets.FindSharedDataFolder(variable: null, [directory])
            : null;
}
