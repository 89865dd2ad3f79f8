using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Training;

/// <summary>
/// Runs training jobs one at a time on a thread of its own, outside the Orleans scheduler and the thread pool, with its
/// own libtorch thread count and a lower scheduling priority, so that a run of many minutes cannot take the threads
/// that answer requests. Callers await the job's task, completed from the worker thread.
/// </summary>
public sealed partial class TrainingWorker : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly ILogger<TrainingWorker> _logger;
    private readonly BlockingCollection<Job> _jobs = new(boundedCapacity: 1);
    // Never disposed: a job that outlives the stop timeout still holds a token linked to it.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _start = new();
    private Thread? _thread;
    private int _disposed;

    public TrainingWorker(IOptions<TrainingOptions> options, ILogger<TrainingWorker> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the training thread. Throws <see cref="InvalidOperationException"/> when another job
    /// is already waiting for the thread. The job's token is cancelled by <paramref name="cancellationToken"/> and by
    /// <see cref="Dispose"/>; its exceptions fault the returned task.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureStarted();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var job = new Job(
            () =>
            {
                try
                {
                    completion.TrySetResult(work(linked.Token));
                }
                catch (OperationCanceledException e) when (linked.IsCancellationRequested)
                {
                    completion.TrySetCanceled(e.CancellationToken);
                }
                catch (Exception e)
                {
                    completion.TrySetException(e);
                }
                finally
                {
                    linked.Dispose();
                }
            },
            () =>
            {
                completion.TrySetCanceled();
                linked.Dispose();
            });
        if (!_jobs.TryAdd(job))
        {
            linked.Dispose();
            throw new InvalidOperationException("A training job is already waiting for the training thread.");
        }

        return completion.Task;
    }

    /// <summary>Cancels the running job, waits up to <see cref="TrainingOptions.StopTimeout"/> for it to stop and ends the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _jobs.CompleteAdding();
        Thread? thread;
        lock (_start)
        {
            thread = _thread;
        }

        if (thread is not null && thread != Thread.CurrentThread && !thread.Join(_options.StopTimeout))
        {
            // A background thread does not hold the process open; its job's task stays faulted or cancelled for whoever awaits it.
            LogStopTimedOut(_logger, _options.StopTimeout.TotalSeconds);
        }

        while (_jobs.TryTake(out var left))
        {
            left.Abandon();
        }
    }

    private void EnsureStarted()
    {
        lock (_start)
        {
            if (_thread is not null)
            {
                return;
            }

            // Started on first use, so that silos that never host the trainer never own an idle training thread.
            _thread = new Thread(Run) { IsBackground = true, Name = "actorrec-training" };
            _thread.Start();
        }
    }

    private void Run()
    {
        TrainingThread.Configure(_options.Threads, _options.Niceness, _logger);
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            job.Execute();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The training job did not stop within {Seconds} s of shutdown; leaving it to end with the process")]
    private static partial void LogStopTimedOut(ILogger logger, double seconds);

    /// <summary>A queued job: what to run, and how to fail it if it never runs.</summary>
    private sealed record Job(Action Execute, Action Abandon);
}
