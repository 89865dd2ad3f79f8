using Xunit;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Tests sharing one server: a silo per process is enough and keeps the suite fast.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
