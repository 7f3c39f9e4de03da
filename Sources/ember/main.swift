import ArgumentParser
import Ember

EmberCommand.main()
