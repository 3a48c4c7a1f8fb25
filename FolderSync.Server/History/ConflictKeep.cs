namespace FolderSync.Server.History;

/// <summary>
/// What resolving an open conflict keeps, in the server's terms (a client's <c>mine</c>/<c>theirs</c> maps onto
/// these by the conflict's origins): the file as it is now (the winner, or a hand merge: <c>merged</c>), the conflict
/// copy's content, or both files as they are.
/// </summary>
public enum ConflictKeep
{
    File,
    Copy,
    Both,
}
