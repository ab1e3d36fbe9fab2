namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// Tests that start real server processes run one after another, not in parallel: each already loads
/// the machine's cores, and their time limits assume they have them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerProcesses
{
    public const string Name = "Server processes";
}
