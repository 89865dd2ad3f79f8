using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorRec.Cli.Faults;

/// <summary>
/// A child process that can be killed (SIGKILL, as in a crash) and started again with the same command line. Its
/// output goes to a log file, appended across restarts, so that a failed run can be read afterwards.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>Every child still running, killed when this program exits however it exits (Ctrl+C included), so none is left behind.</summary>
    private static readonly ConcurrentDictionary<ChildProcess, bool> Running = new();

    private readonly ProcessStartInfo _start;
    private readonly StreamWriter _log;
    private readonly Lock _lock = new();
    private readonly Queue<string> _tail = new();
    private Process? _process;
    private bool _closed;

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Running.Keys)
        {
            child.KillNow();
        }
    };

    public ChildProcess(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logPath)
    {
        Name = name;
        _start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            _start.ArgumentList.Add(argument);
        }

        // libtorch's OpenMP threads spin by default, which starves everything else on a small machine.
        _start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        Directory.CreateDirectory(workingDirectory);
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public string Name { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_lock)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        _process?.Dispose();
        Write($"--- {DateTimeOffset.UtcNow:O} start: {_start.FileName} {string.Join(' ', _start.ArgumentList)}");
        var process = new Process { StartInfo = _start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Running[this] = true;
    }

    /// <summary>Kills the process at once (SIGKILL on Unix): no shutdown code runs, as in a crash. Returns once it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        Write($"--- {DateTimeOffset.UtcNow:O} kill");
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Running.TryRemove(this, out _);
        _process?.Dispose();
        lock (_lock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void KillNow()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private void Write(string? line)
    {
        lock (_lock)
        {
            if (line is null || _closed)
            {
                return;
            }

            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }

            _log.WriteLine(line);
        }
    }
}
