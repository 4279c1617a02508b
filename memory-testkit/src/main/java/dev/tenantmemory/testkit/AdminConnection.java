package dev.tenantmemory.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** How to reach a server as a role that may create databases and roles. */
record AdminConnection(String host, int port, String database, String user, String password) {

  String jdbcUrl(String otherDatabase) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + otherDatabase;
  }

  Connection open() throws SQLException {
    return open(database);
  }

  Connection open(String otherDatabase) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl(otherDatabase), props);
  }

  @Override
  public String toString() {
    return "AdminConnection[" + user + "@" + host + ":" + port + "/" + database + "]";
  }
}
