using System.ComponentModel.DataAnnotations;

namespace ActorRec.Api.Page;

/// <summary>The live page at <c>/</c>: a catalogue and session browser, online accuracy over time, model activation.</summary>
public sealed class PageOptions
{
    public const string SectionName = "Page";

    /// <summary>
    /// Whether the page is served. Unset: served while every configured endpoint is on loopback (the quick start), not
    /// served when the server listens beyond it, where showing an operator console is a decision to take on purpose.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>How often the Online view asks for the online metrics and /metrics; each poll fans out to every silo.</summary>
    [Range(typeof(TimeSpan), "00:00:00.250", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
