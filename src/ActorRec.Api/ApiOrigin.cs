using ActorRec.Abstractions;

namespace ActorRec.Api;

/// <summary>What this process puts in <see cref="CallOrigin.Key"/>: its silo's address when co-hosted, else the gateway tag.</summary>
public sealed record ApiOrigin(string Name)
{
    public static ApiOrigin Gateway { get; } = new(CallOrigin.Gateway);

    /// <summary>Tags the calls made from here on in the current async flow.</summary>
    public void Stamp() => RequestContext.Set(CallOrigin.Key, Name);
}
