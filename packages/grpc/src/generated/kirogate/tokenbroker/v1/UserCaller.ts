// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface UserCaller {
  'userId'?: (string);
  'keyId'?: (string);
  'banned'?: (boolean);
}

export interface UserCaller__Output {
  'userId': (string);
  'keyId': (string);
  'banned': (boolean);
}
