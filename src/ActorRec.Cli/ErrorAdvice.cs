using System.ComponentModel.DataAnnotations;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;

namespace ActorRec.Cli;

/// <summary>
/// What the top-level handler tells the user about a failure that is theirs to fix (a flag, a data file, a checkpoint,
/// the machine): the message, and on the next line what to do about it. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class ErrorAdvice
{
    /// <summary>Where the advice sends users whose machine cannot load libtorch.</summary>
    public const string PackagesDocument = "docs/packages.md";

    public static bool IsUsersToFix(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or ValidationException || IsLibtorchMissing(e);

    /// <summary>What went wrong, in one line where the exception's own message is a page of loader trace.</summary>
    public static string Message(Exception e) =>
        IsLibtorchMissing(e)
            ? "libtorch, the native library TorchSharp runs on, could not be loaded: " + FirstLine((e.InnerException ?? e).Message)
            : e.Message;

    /// <summary>What to do next about <paramref name="e"/>, raised by <paramref name="command"/> (e.g. "actorrec train").</summary>
    public static string For(Exception e, string command) => e switch
    {
        _ when IsLibtorchMissing(e) =>
            "it needs Linux x64 with the libstdc++ of GCC 13 or newer (GLIBCXX_3.4.32): on Debian 12 run scripts/bootstrap.sh as root; " +
            $"elsewhere run actorrec from source (dotnet run -c Release --project src/ActorRec.Cli). See {PackagesDocument}.",
        FileNotFoundException { FileName: { } file } when Path.GetFileName(file) == Checkpoint.ManifestFile =>
            $"train a checkpoint there with `actorrec train --data <data set> --out {Path.GetDirectoryName(file)}`, or give a folder that holds {Checkpoint.ManifestFile}.",
        DataFileException damaged when InCheckpoint(damaged.FilePath) =>
            $"the checkpoint in {Path.GetDirectoryName(damaged.FilePath)} is damaged or was not written by actorrec: train it again with `actorrec train --data <data set> --out <new folder>`.",
        DataFileException =>
            $"fix or remove what that line holds, or give --data another data set (`{command} --data synthetic` needs no files); `{command} --help` lists the data options.",
        FileNotFoundException or DirectoryNotFoundException =>
            $"check the path; `{command} --help` says what each option expects.",
        UnauthorizedAccessException or IOException =>
            "check that the path exists, that you may write there and that the disk has room.",
        _ => $"`{command} --help` lists the options, with examples.",
    };

    /// <summary>
    /// TorchSharp's type initializer fails, the first time anything touches libtorch, when the native library or one
    /// it needs (libstdc++ with GLIBCXX_3.4.32, libgomp) cannot be loaded on this machine.
    /// </summary>
    private static bool IsLibtorchMissing(Exception e) => e switch
    {
        TypeInitializationException { TypeName: { } type } when type.StartsWith("TorchSharp.", StringComparison.Ordinal) => true,
        DllNotFoundException missing => missing.Message.Contains("Torch", StringComparison.OrdinalIgnoreCase),
        NotSupportedException unsupported => unsupported.Message.Contains("TorchSharp", StringComparison.Ordinal),
        _ => false,
    };

    private static bool InCheckpoint(string file) =>
        Path.GetDirectoryName(file) is { Length: > 0 } folder && File.Exists(Path.Combine(folder, Checkpoint.ManifestFile));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
