namespace FolderSync.Common.Protocol;

/// <summary>The values of the "type" discriminator on the wire.</summary>
public static class MessageTypes
{
    public const string Hello = "HELLO";
    public const string Welcome = "WELCOME";
    public const string IndexBatch = "INDEX_BATCH";
    public const string IndexEnd = "INDEX_END";
    public const string FileRequest = "FILE_REQUEST";
    public const string FileUpdate = "FILE_UPDATE";
    public const string FileDelta = "FILE_DELTA";
    public const string DirCreate = "DIR_CREATE";
    public const string FileDelete = "FILE_DELETE";
    public const string FileMove = "FILE_MOVE";
    public const string FileMode = "FILE_MODE";
    public const string Ack = "ACK";
    public const string Ping = "PING";
    public const string Pong = "PONG";
    public const string Error = "ERROR";
    public const string Challenge = "CHALLENGE";
    public const string Auth = "AUTH";
    public const string AuthOk = "AUTH_OK";
    public const string ControlRequest = "CONTROL_REQUEST";
    public const string ControlResponse = "CONTROL_RESPONSE";
}
