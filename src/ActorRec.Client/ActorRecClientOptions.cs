using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;

namespace ActorRec.Client;

/// <summary>How an <see cref="ActorRecClient"/> numbers, pipelines and retries the clicks of its sessions.</summary>
public sealed class ActorRecClientOptions
{
    /// <summary>Items per answer, 1..1000; the server refuses more than its Serving:MaxK (100 unless configured). Default 20.</summary>
    [Range(1, 1000)]
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

    /// <summary>
    /// An API key or JWT sent as <c>authorization: Bearer</c> on every call of the channels that
    /// <see cref="ActorRecClient.Create"/> and <see cref="ActorRecClient.CreateChannel"/> make. Default none.
    /// </summary>
    public string? Credential { get; set; }

    /// <summary>
    /// A private certificate authority that <c>https://</c> servers' certificates must chain to (instead of the system's
    /// roots) on the channels the client makes; the host name is checked as always. Default none: the system's roots.
    /// </summary>
    public X509Certificate2? CertificateAuthority { get; set; }

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

        // The credential itself is never part of a message: messages end up in logs.
        if (Credential is not null && (Credential.Length == 0 || !Credential.All(c => char.IsAscii(c) && !char.IsControl(c) && c != ' ')))
        {
            throw new ArgumentException("Credential must be a non-empty API key or JWT of printable ASCII characters without spaces.");
        }
    }
}
