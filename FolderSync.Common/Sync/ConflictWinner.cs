namespace FolderSync.Common.Sync;

public enum ConflictWinner
{
    /// <summary>The server's version stays at the path; the client's becomes the conflict copy.</summary>
    Server,

    /// <summary>The client's version takes the path; the server's becomes the conflict copy.</summary>
    Client,
}
