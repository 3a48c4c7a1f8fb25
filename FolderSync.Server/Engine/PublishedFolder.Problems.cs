using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// A client's change this disk could not take (full, a permission, bytes that changed while they were sent): the
/// old file stays, the client hears <see cref="AckOutcome.Failed"/> and tries again later, the session goes on,
/// and <c>status</c> lists the path until a later change of it succeeds.
/// </summary>
public sealed partial class PublishedFolder
{
    private readonly FileProblems _problems = new();

    /// <summary>The paths clients could not write here lately, with the cause.</summary>
    public System.Text.Json.Nodes.JsonObject ProblemsStatus() => _problems.ToJson(20);

    /// <summary>The body of an upload could not even be stored in a temp file.</summary>
    internal Task ReportUploadFailureAsync(IFolderClient client, FileUpdateMessage upload, IOException failure) => _queue.Post(() =>
    {
        client.Send(Failed(client, upload.RequestId, upload.ParsePath(), failure));
    });

    /// <summary>Runs one decision on a client's change; a file operation that fails becomes that change's answer.</summary>
    private AckMessage Answer(IFolderClient client, long requestId, RelativePath path, Func<AckMessage> decide)
    {
        try
        {
            return decide();
        }
        catch (IOException ex)
        {
            _afterAck.Clear();
            return Failed(client, requestId, (ex as FileOperationException)?.EntryPath is { } failed && RelativePath.TryParse(failed, out var where) ? where : path, ex);
        }
    }

    private AckMessage Failed(IFolderClient client, long requestId, RelativePath path, IOException failure)
    {
        if (failure is HashMismatchException)
        {
            // The usual cause: the file changed on the client while it was read. Its next upload carries the new content.
            _logger.LogInformation("{Folder}: {Client}'s upload of {Path} did not match its hash (changed while it was sent?); nothing written", Name, client.ClientId, path);
        }
        else
        {
            var problem = _problems.Note(path, failure.Message, download: false, DateTimeOffset.UtcNow);
            _logger.LogError("{Folder}: could not apply {Client}'s change of {Path}, kept the previous version ({Attempts} failed so far): {Error}",
                Name, client.ClientId, path, problem.Attempts, failure.Message);
        }

        return Ack(requestId, AckOutcome.Failed, 0, path, message: failure.Message);
    }
}
