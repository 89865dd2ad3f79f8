namespace ActorRec.Grains.ClickLog;

/// <summary>A page of clicks read from a position of an <see cref="IClickLog"/>.</summary>
/// <param name="Clicks">The clicks, oldest first.</param>
/// <param name="Next">The opaque position to continue from; equal to the position read from when nothing was new.</param>
public sealed record ClickLogPage(IReadOnlyList<LoggedClick> Clicks, string Next);
