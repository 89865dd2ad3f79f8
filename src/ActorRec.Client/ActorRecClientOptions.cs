using System.ComponentModel.DataAnnotations;

namespace ActorRec.Client;

/// <summary>How an <see cref="ActorRecClient"/> numbers, pipelines and retries the clicks of its sessions.</summary>
public sealed class ActorRecClientOptions
{
    /// <summary>Items per answer, 1..100. Default 20.</summary>
    [Range(1, 100)]
    public int K { get; set; } = 20;

    /// <summary>Clicks of one session sent ahead of their answers. Default 16.</summary>
    [Range(1, 1024)]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>First pause before a retry; it doubles on every failure in a row up to <see cref="MaxRetryDelay"/>. Default 50 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest pause between retries. Default 2 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a click may go unanswered, retries included, before its session fails with
    /// <see cref="ClickSessionFailedException"/>. Default 60 s: longer than a silo's failure detection and a Redis restart.
    /// </summary>
    public TimeSpan ClickTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Called on the session's own thread for every failed attempt, retried or not (monitoring, fault tests). It must
    /// return quickly and not throw. Default none.
    /// </summary>
    public Action<ClickAttemptFailure>? AttemptFailed { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException($"RetryDelay must be positive and at most MaxRetryDelay (got {RetryDelay} and {MaxRetryDelay}).");
        }

        if (ClickTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ClickTimeout must be positive (got {ClickTimeout}).");
        }
    }
}
