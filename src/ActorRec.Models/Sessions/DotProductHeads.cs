namespace ActorRec.Models.Sessions;

/// <summary>Finds the optional <see cref="IDotProductHead"/> of a session model without naming its kind.</summary>
public static class DotProductHeads
{
    /// <summary>The model's dot-product head, or null when its scores are not a dot product (callers then score with torch).</summary>
    public static IDotProductHead? Find(ISessionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model as IDotProductHead;
    }
}
