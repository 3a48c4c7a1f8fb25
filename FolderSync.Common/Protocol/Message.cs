using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>
/// One protocol message: the JSON header of a frame. The "type" property selects the derived record.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(HelloMessage), MessageTypes.Hello)]
[JsonDerivedType(typeof(WelcomeMessage), MessageTypes.Welcome)]
[JsonDerivedType(typeof(IndexBatchMessage), MessageTypes.IndexBatch)]
[JsonDerivedType(typeof(IndexEndMessage), MessageTypes.IndexEnd)]
[JsonDerivedType(typeof(FileRequestMessage), MessageTypes.FileRequest)]
[JsonDerivedType(typeof(FileUpdateMessage), MessageTypes.FileUpdate)]
[JsonDerivedType(typeof(FileDeltaMessage), MessageTypes.FileDelta)]
[JsonDerivedType(typeof(DirCreateMessage), MessageTypes.DirCreate)]
[JsonDerivedType(typeof(FileDeleteMessage), MessageTypes.FileDelete)]
[JsonDerivedType(typeof(FileMoveMessage), MessageTypes.FileMove)]
[JsonDerivedType(typeof(FileModeMessage), MessageTypes.FileMode)]
[JsonDerivedType(typeof(AckMessage), MessageTypes.Ack)]
[JsonDerivedType(typeof(PingMessage), MessageTypes.Ping)]
[JsonDerivedType(typeof(PongMessage), MessageTypes.Pong)]
[JsonDerivedType(typeof(ErrorMessage), MessageTypes.Error)]
[JsonDerivedType(typeof(AuthChallengeMessage), MessageTypes.Challenge)]
[JsonDerivedType(typeof(AuthMessage), MessageTypes.Auth)]
[JsonDerivedType(typeof(AuthOkMessage), MessageTypes.AuthOk)]
[JsonDerivedType(typeof(ControlRequestMessage), MessageTypes.ControlRequest)]
[JsonDerivedType(typeof(ControlResponseMessage), MessageTypes.ControlResponse)]
public abstract record Message
{
    /// <summary>Raw body bytes that follow the header on the wire; only FILE_UPDATE and FILE_DELTA have any.</summary>
    [JsonIgnore]
    public virtual long BodyLength => 0;
}
