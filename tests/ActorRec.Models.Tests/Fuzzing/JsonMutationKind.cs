namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>What <see cref="JsonMutation"/> does to the value it picks.</summary>
internal enum JsonMutationKind
{
    Remove,
    Replace,
    HugeArray,
}
