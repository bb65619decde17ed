using System.Xml.Linq;
using MassEmail.Core.Secrets;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace MassEmail.Server.Secrets;

/// <summary>
/// The Data Protection key ring's repository on the store (<see cref="IDataProtectionKeyStore"/>), so every instance on
/// the store reads and writes the same keys. The framework's interface is synchronous; it is called when the ring is
/// first needed, when a key is created or revoked and when the cached ring expires (about once a day), never per
/// protected value, so blocking on the store there is acceptable.
/// </summary>
internal sealed class StoreXmlRepository(IDataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(e => XElement.Parse(e.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(new KeyElement(friendlyName, element.ToString(SaveOptions.DisableFormatting)), CancellationToken.None).GetAwaiter().GetResult();
}
