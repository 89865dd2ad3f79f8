using FsCheck;
using FsCheck.Fluent;

namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>The generators of the fuzz properties (one to three damages per file) and the run they share.</summary>
internal static class FuzzArbitraries
{
    /// <summary>
    /// Every property replays this seed, so a CI run and a local rerun damage the same files; a failure prints the
    /// shrunk damage, which reproduces it on its own.
    /// </summary>
    private const ulong Seed = 12345678901234567;

    private const ulong Gamma = 98765432109876543;

    public static Arbitrary<ByteMutation[]> ByteMutations { get; } = ManyOf(
        from kind in Gen.Elements(Enum.GetValues<ByteMutationKind>())
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(0, 1 << 16)
        select new ByteMutation(kind, position, value));

    public static Arbitrary<JsonMutation[]> JsonMutations { get; } = ManyOf(
        from kind in Gen.Elements(Enum.GetValues<JsonMutationKind>())
        from target in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(0, 1 << 16)
        select new JsonMutation(kind, target, value));

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> generated inputs, throwing with the shrunk counter-example.</summary>
    public static void Check(Property property, int cases) =>
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithReplay(Seed, Gamma).WithQuietOnSuccess(true));

    private static Arbitrary<T[]> ManyOf<T>(Gen<T> one) =>
        Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(one, count)).ToArbitrary();
}
