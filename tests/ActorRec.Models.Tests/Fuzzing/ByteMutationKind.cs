namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>The ways <see cref="ByteMutation"/> damages a file.</summary>
internal enum ByteMutationKind
{
    Truncate,
    Empty,
    FlipByte,
    SetByte,
    InsertGarbageLine,
    HugeNumber,
    InvalidUtf8,
    DuplicateRange,
    DeleteRange,
}
