using System.Runtime.InteropServices;

namespace ActorRec.Models.Threads;

/// <summary>
/// libtorch's OpenMP threads spin while they wait unless OMP_WAIT_POLICY says otherwise, and on a machine shared with other
/// work that makes every op cost milliseconds (docs/benchmarks.md). The repository's scripts and images export PASSIVE; an
/// installed tool or a server started by hand has no script around it, so both entry points set the same default
/// themselves, first thing, before libtorch and its libgomp load.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE unless the environment already chose a policy.</summary>
    public static void DefaultToPassive()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return;
        }

        // On Unix, Environment.SetEnvironmentVariable changes only .NET's copy (which child processes inherit);
        // libgomp reads the C library's environment when it initialises, so that one is set too.
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        _ = SetEnvironmentVariable(Variable, "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironmentVariable(string name, string value, int overwrite);
}
