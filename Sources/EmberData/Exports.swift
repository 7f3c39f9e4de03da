@_exported import Ember
