using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Client.Engine;

/// <summary>
/// The current connection as the folder loop sees it: the link, what the server announced, and what is in flight
/// on it (uploads awaiting their ACK, files asked for, what the server said of paths not reconciled yet). Each
/// connection begins it afresh. Used on the folder loop only (the access mode is read from anywhere).
/// </summary>
internal sealed class ClientSession
{
    public PeerLink? Link { get; private set; }

    public AccessMode Access { get; private set; } = AccessMode.EditOnly;

    /// <summary>The connection's index is reconciled: from now on each change goes to the server as it comes.</summary>
    public bool IndexComplete { get; set; }

    public bool Live => Link is not null && IndexComplete;

    public PendingUploads Uploads { get; } = new();

    /// <summary>Files asked for and not answered yet (at most <see cref="DownloadRequests.Window"/> of them on the wire).</summary>
    public DownloadRequests Downloads { get; } = new();

    /// <summary>What the server last said of a path (null: it has none), until that path is reconciled.</summary>
    public Dictionary<RelativePath, EntryState?> RemoteHints { get; } = [];

    public void Begin(PeerLink link, AccessMode access)
    {
        Link = link;
        Access = access;
        IndexComplete = false;
        Uploads.Clear();
        Downloads.Clear();
        RemoteHints.Clear();
    }

    public void End(PeerLink link)
    {
        if (Link == link)
        {
            Link = null;
            IndexComplete = false;
            Uploads.Clear();
            Downloads.Clear();
        }
    }

    public void Send(Message message) => Link?.Send(message);

    /// <summary>Asks for the server's version of <paramref name="path"/> once per connection.</summary>
    public void RequestFile(RelativePath path)
    {
        if (Link is { } link)
        {
            Downloads.Ask(path, p => link.Send(new FileRequestMessage(p.Value)));
        }
    }

    /// <summary>The server answered for <paramref name="path"/> (its content, or an error naming it): the next request may go.</summary>
    public void Answered(RelativePath path)
    {
        var link = Link;
        Downloads.Answered(path, link is null ? null : p => link.Send(new FileRequestMessage(p.Value)));
    }
}
