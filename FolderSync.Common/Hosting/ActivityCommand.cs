using System.CommandLine;
using System.Text.Json.Nodes;
using FolderSync.Common.Folders;

namespace FolderSync.Common.Hosting;

/// <summary>
/// <c>activity [-n N] [--follow] [--json]</c> (and on the server <c>[--folder NAME]</c>): the daemon's recent changes
/// from its <see cref="ActivityLog"/>, newest first. <c>--follow</c> prints the last ones and then each new one as it
/// happens, by long polls on the control socket: <c>{"command":"activity","after":ID,"waitMs":MS}</c> is answered as
/// soon as there is an entry above ID, or with none when the wait ends.
/// </summary>
/// <param name="folders">The server's folder names (<c>--folder</c> must be one); null on the client, which has one.</param>
public sealed class ActivityCommand(ActivityLog log, IReadOnlyCollection<string>? folders = null) : IControlHandler
{
    public const string Name = "activity";

    public const int DefaultCount = 20;

    /// <summary>The longest a long poll may wait: the asker's deadline is this plus a margin.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public string Command => Name;

    public static Command Create(DaemonCommandLine cli, bool withFolder)
    {
        var json = ControlCommand.JsonOption();
        var count = new Option<int>("-n") { Description = $"How many of the latest changes to print (default {DefaultCount})", DefaultValueFactory = _ => DefaultCount };
        var follow = new Option<bool>("--follow", "-f") { Description = "Then print each new change as it happens, until Ctrl-C" };
        var folder = new Option<string?>("--folder") { Description = "Only this folder's changes" };
        var command = new Command(Name, "Show the recent changes, newest first: time, path, direction and kind, size, who") { json, count, follow };
        if (withFolder)
        {
            command.Add(folder);
        }

        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => cli.GuardAsync(async () =>
        {
            int n = result.GetValue(count);
            if (n < 1)
            {
                throw new UsageException("-n must be a positive number of changes");
            }

            var request = new JsonObject { ["command"] = Name, ["count"] = n, ["folder"] = withFolder ? result.GetValue(folder) : null };
            var (exit, answer) = await ControlCommand.AskAsync(cli, result, request, ControlCommand.DefaultTimeout, ct);
            if (answer is null)
            {
                return exit;
            }

            var printer = new ActivityPrinter(result.GetValue(json), withFolder);
            if (!result.GetValue(follow))
            {
                printer.PrintList(answer);
                return 0;
            }

            return await FollowAsync(cli, result, request, answer, printer, ct);
        }));
        return command;
    }

    public async Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        string? folder = request["folder"]?.GetValue<string>();
        if (folder is not null && folders?.Contains(folder) != true)
        {
            throw new ControlException(ControlException.Usage, folders is null
                ? "--folder is the server's: a client has one folder"
                : $"no folder '{folder}'; this server publishes {string.Join(", ", folders.Order(StringComparer.Ordinal))}");
        }

        if (request["after"] is { } after)
        {
            var wait = TimeSpan.FromMilliseconds(Math.Clamp(request["waitMs"]?.GetValue<double>() ?? 0, 0, MaxWait.TotalMilliseconds));
            var newer = await log.WaitAfterAsync(after.GetValue<long>(), folder, wait, cancellationToken);
            return Answer(newer, newer.Count > 0 ? newer[^1].Id : after.GetValue<long>());
        }

        long lastId = log.LastId;
        int count = Math.Clamp(request["count"]?.GetValue<int>() ?? DefaultCount, 1, log.Capacity);
        return Answer(log.Newest(count, folder).Where(e => e.Id <= lastId).ToList(), lastId);
    }

    /// <summary>The listing (oldest first, as tail does), then each answer of a long poll as it comes, until Ctrl-C or the daemon goes.</summary>
    private static async Task<int> FollowAsync(DaemonCommandLine cli, ParseResult result, JsonObject request, JsonObject answer, ActivityPrinter printer, CancellationToken ct)
    {
        printer.PrintFollowed(answer, reverse: true);
        request["waitMs"] = MaxWait.TotalMilliseconds;
        try
        {
            while (true)
            {
                request["after"] = answer["lastId"]!.GetValue<long>();
                var (exit, next) = await ControlCommand.AskAsync(cli, result, request, MaxWait + ControlCommand.DefaultTimeout, ct);
                if (next is null)
                {
                    return exit;
                }

                printer.PrintFollowed(next, reverse: false);
                answer = next;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
    }

    private static JsonObject Answer(List<ActivityEntry> entries, long lastId) => new()
    {
        ["entries"] = new JsonArray(entries.Select(e => (JsonNode)e.ToJson()).ToArray()),
        ["lastId"] = lastId,
    };
}
