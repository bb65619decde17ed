using MassEmail.Core.Tenancy;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>An organisation's postal address, embedded in its document.</summary>
[BsonIgnoreExtraElements]
internal sealed class PostalAddressDocument
{
    [BsonElement("street")]
    public string Street { get; set; } = "";

    [BsonElement("city")]
    public string City { get; set; } = "";

    [BsonElement("region")]
    public string Region { get; set; } = "";

    [BsonElement("postal_code")]
    public string PostalCode { get; set; } = "";

    [BsonElement("country")]
    public string Country { get; set; } = "";

    public static PostalAddressDocument FromDomain(PostalAddress a) =>
        new() { Street = a.Street, City = a.City, Region = a.Region, PostalCode = a.PostalCode, Country = a.Country };

    public PostalAddress ToDomain() => new(Street, City, Region, PostalCode, Country);
}
