using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;

namespace FolderSync.Server.Commands;

/// <summary><c>clients</c> and <c>folders</c>: a section of the server's status, as a table.</summary>
internal sealed class ListCommand(string command, Func<JsonArray> list) : IControlHandler
{
    public static ControlVerb ClientsVerb { get; } = new("clients", "List the connected clients: folder, address, round trip, clock, last activity, backlog")
    {
        Format = answer => TextTable.Format(
            ["CLIENT", "FOLDER", "ADDRESS", "RTT MS", "CLOCK MS", "LAST ACTIVITY", "QUEUED BYTES"],
            Rows(answer, c => [Text(c["id"]), Text(c["folder"]), Text(c["address"]), Number(c["rttMs"]), Text(c["clockOffsetMs"]), Text(c["lastActivity"]), Text(c["queuedBytes"])])),
    };

    public static ControlVerb FoldersVerb { get; } = new("folders", "List the published folders: access, files, sequence, halted")
    {
        Format = answer => TextTable.Format(
            ["FOLDER", "ACCESS", "FILES", "SEQUENCE", "PROBLEMS", "STATE", "PATH"],
            Rows(answer, f => [Text(f["name"]), Text(f["access"]), Text(f["files"]), Text(f["sequence"]), Text(f["problems"]?["count"]), f["halted"] is { } halted ? $"HALTED: {halted}" : "ok", Text(f["path"])])),
    };

    public string Command => command;

    public Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject { [command] = list() });

    private static List<string[]> Rows(JsonObject answer, Func<JsonNode, string[]> row) =>
        answer.Single().Value!.AsArray().Select(item => row(item!)).ToList();

    private static string Text(JsonNode? value) => value?.ToString() ?? "-";

    private static string Number(JsonNode? value) =>
        value is null ? "-" : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture).ToString("0.0", CultureInfo.InvariantCulture);
}
