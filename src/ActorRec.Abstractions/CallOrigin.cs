namespace ActorRec.Abstractions;

/// <summary>
/// Where a session grain call entered the cluster, carried in Orleans' RequestContext under <see cref="Key"/>: the
/// parsable address of the silo whose gRPC API took the click, or <see cref="Gateway"/> for the gateway tier. The
/// session grain compares it with its own silo to count clicks that crossed silos.
/// </summary>
public static class CallOrigin
{
    public const string Key = "actorrec.origin";

    public const string Gateway = "gateway";
}
