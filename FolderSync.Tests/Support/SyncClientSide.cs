using System.Text.Json.Nodes;

namespace FolderSync.Tests.Support;

/// <summary>One running client as <see cref="SyncInvariants"/> sees it: its folder and its <c>status</c> document.</summary>
internal sealed record SyncClientSide(string Name, string Root, Func<Task<JsonObject?>> Status);
