package org.margin.storage;

record ExternalMongo(String connectionString) implements MongoEndpoint {

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public void flush() {
        // durability comes from the write concern
    }
}
