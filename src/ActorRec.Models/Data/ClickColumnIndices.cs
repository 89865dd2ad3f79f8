namespace ActorRec.Models.Data;

/// <summary>Where each role's column is in a click file's header; <see cref="None"/> for an absent optional column.</summary>
internal readonly record struct ClickColumnIndices(int Session, int Item, int Time, int EventType, int Category, string[] Header)
{
    public const int None = -1;

    public string? NameOf(int index) => index == None ? null : Header[index];

}
